"""The network of libs/model (BiLSTM + linear skip head, QLIKE loss, Adam) in TF-Keras 2, timed on the same
windows from the same starting weights as `pnpm bench model`'s TF.js side-by-side.

Usage: keras_bilstm.py DATA_DIR ROUNDS PREDICT_RUNS. DATA_DIR holds meta.json (n, sequence_length, inputs,
units, dropout, learning_rate, batch_size, predict_batch, weights: [{name, shape}]), windows.f32, last.f32,
truth.f32 and weights.f32 (the weights' values end to end, float32). Prints one JSON object.
"""

import json
import os
import platform
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402


def qlike(y_true, y_pred):
    # exp(d) - d - 1 on ln sigma^2, d clipped at +-30: libs/model's qlikeLoss.
    d = tf.clip_by_value(y_true - y_pred, -30.0, 30.0)
    return tf.reduce_mean(tf.exp(d) - d - 1.0)


def main() -> None:
    data_dir, rounds, predict_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    n, steps, inputs = meta["n"], meta["sequence_length"], meta["inputs"]
    read = lambda name: np.fromfile(os.path.join(data_dir, name), dtype=np.float32)  # noqa: E731
    windows = read("windows.f32").reshape(n, steps, inputs)
    last = read("last.f32").reshape(n, inputs)
    truth = read("truth.f32").reshape(n, 1)

    window_in = keras.Input((steps, inputs), name="window")
    last_in = keras.Input((inputs,), name="last_step")
    # TF-Keras 2's hard_sigmoid is clip(0.2 x + 0.5, 0, 1), TF.js's LSTM default recurrent activation.
    lstm = keras.layers.LSTM(meta["units"], recurrent_activation="hard_sigmoid")
    bilstm = keras.layers.Bidirectional(lstm, merge_mode="concat", name="bilstm_1")
    sequence_head = keras.layers.Dense(1, use_bias=False, name="sequence_head")
    linear_head = keras.layers.Dense(1, name="linear_head")
    deep = sequence_head(keras.layers.Dropout(meta["dropout"])(bilstm(window_in)))
    output = keras.layers.Add(name="log_variance")([linear_head(last_in), deep])
    model = keras.Model([window_in, last_in], output)

    values = read("weights.f32")
    weights, offset = {}, 0
    for spec in meta["weights"]:
        size = int(np.prod(spec["shape"]))
        weights[spec["name"]] = values[offset : offset + size].reshape(spec["shape"])
        offset += size
    pick = lambda part: [w for name, w in weights.items() if part in name]  # noqa: E731
    bilstm.forward_layer.set_weights(pick("forward_"))
    bilstm.backward_layer.set_weights(pick("backward_"))
    sequence_head.set_weights(pick("sequence_head"))
    linear_head.set_weights(pick("linear_head"))

    model.compile(optimizer=keras.optimizers.Adam(meta["learning_rate"]), loss=qlike)
    batch = meta["batch_size"]
    fit = lambda: model.fit([windows, last], truth, batch_size=batch, epochs=1, shuffle=False, verbose=0)  # noqa: E731
    predict_x = [windows[: meta["predict_batch"]], last[: meta["predict_batch"]]]
    fit()
    for _ in range(3):
        model.predict_on_batch(predict_x)
    train, predict = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        fit()
        train.append(round(n / (time.perf_counter() - started)))
        times = []
        for _ in range(predict_runs):
            t = time.perf_counter()
            model.predict_on_batch(predict_x)
            times.append((time.perf_counter() - t) * 1000)
        predict.append(round(statistics.median(times), 1))
    print(
        json.dumps(
            {
                "versions": f"Python {platform.python_version()}, TensorFlow {tf.__version__}, "
                f"TF-Keras {keras.__version__}",
                "threads": {
                    "intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                    "cpus": os.cpu_count(),
                },
                "train_windows_per_second": train,
                "predict_ms": predict,
            }
        )
    )


if __name__ == "__main__":
    main()
