"""Fast probe of libs/model's network in TF-Keras (about 4x the wasm training speed here) on the five trainings
that export-trainings.ts writes: the default split and the four yearly walk-forward folds. It trains the same
network (BiLSTM + dropout + zero-started sequence head, plus the linear skip head started at its QLIKE fit),
loss, Adam, stride and early stopping as train.ts, with the refit on training + validation, and prints each
training's test QLIKE next to its linear head alone and HAR-RV, per seed and for the mean ln sigma^2 of the
seeds. Keras draws other initial weights than TF.js for a seed: compare configurations over several seeds.

Usage: probe.py DATA_DIR LABEL CONFIG_JSON SEEDS, e.g.
  probe.py .local/research/keras-probe daily30 '{"dilation": 24, "L": 30, "epochs_fixed": 1}' 1,2,3
CONFIG_JSON overrides BASE below. Run with the venv of `pnpm bench model` (.local/venv/bench-keras).
"""

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

BASE = dict(
    L=48,  # steps per window
    dilation=1,  # candles between two steps: 24 makes a window of daily steps
    columns=None,  # the inputs the BiLSTM reads (names); None: all (the linear head always reads all)
    units=16,
    dropout=0.1,
    lr=1e-3,
    batch=128,
    epochs=30,
    patience=5,
    stride=4,
    refit=True,
    epochs_fixed=None,  # a number of epochs instead of early stopping on validation
    freeze_linear=False,
    l2=0.0,  # on the LSTM kernels
    noise=0.0,  # Gaussian noise on the BiLSTM's inputs while training
    clip=30.0,  # upper clip of d = y - yhat in the training loss (30: plain QLIKE)
    trainings="default,2022,2023,2024,2025",
)


def qlike(y, yhat):
    d = y - yhat
    return float(np.mean(np.exp(d) - d - 1))


class Training:
    def __init__(self, data_dir, name, c):
        d = os.path.join(data_dir, name)
        with open(os.path.join(d, "meta.json")) as f:
            self.meta = json.load(f)
        n, width = self.meta["n"], self.meta["width"]
        self.x = np.fromfile(os.path.join(d, "scaled.f32"), dtype=np.float32).reshape(n, width)
        self.y = np.fromfile(os.path.join(d, "logtarget.f32"), dtype=np.float32)
        names = self.meta["columns"]
        self.cols = None if c["columns"] is None else [names.index(col) for col in c["columns"]]
        self.c = c

    def windows(self, origins):
        c = self.c
        w = self.x[origins[:, None] + c["dilation"] * np.arange(-c["L"] + 1, 1)[None, :]]
        return [w if self.cols is None else w[:, :, self.cols], self.x[origins]]

    def build(self, lin, seed):
        c = self.c
        keras.utils.set_random_seed(seed)
        width = self.x.shape[1]
        window = keras.Input((c["L"], width if self.cols is None else len(self.cols)))
        last = keras.Input((width,))
        reg = keras.regularizers.l2(c["l2"]) if c["l2"] else None
        h = keras.layers.GaussianNoise(c["noise"])(window) if c["noise"] else window
        # TF.js's LSTM default recurrent activation is hard_sigmoid.
        lstm = keras.layers.LSTM(c["units"], recurrent_activation="hard_sigmoid", kernel_regularizer=reg,
                                 recurrent_regularizer=reg)
        h = keras.layers.Dropout(c["dropout"])(keras.layers.Bidirectional(lstm)(h))
        deep = keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")(h)
        head = keras.layers.Dense(1, trainable=not c["freeze_linear"])
        model = keras.Model([window, last], keras.layers.Add()([head(last), deep]))
        head.set_weights([np.array(lin["weights"], np.float32)[:, None], np.array([lin["bias"]], np.float32)])

        def loss(y, yhat):
            d = tf.clip_by_value(y - yhat, -30.0, c["clip"])
            return tf.reduce_mean(tf.exp(d) - d - 1.0)

        model.compile(optimizer=keras.optimizers.Adam(c["lr"]), loss=loss)
        return model

    def predict(self, model, origins):
        return model.predict(self.windows(origins), batch_size=1024, verbose=0)[:, 0]

    def fit(self, first, last, lin, seed, epochs, validation=None):
        """The network fitted on origins first..last; with validation origins, early-stopped on their QLIKE."""
        c = self.c
        model = self.build(lin, seed)
        best = (qlike(self.y[validation], self.predict(model, validation)) if validation is not None else 0, 0,
                model.get_weights())
        for epoch in range(epochs):
            origins = np.arange(first + epoch % c["stride"], last + 1, c["stride"])
            np.random.RandomState(seed + epoch).shuffle(origins)
            model.fit(self.windows(origins), self.y[origins], batch_size=c["batch"], epochs=1, shuffle=False,
                      verbose=0)
            if validation is None:
                continue
            loss = qlike(self.y[validation], self.predict(model, validation))
            if loss < best[0]:
                best = (loss, epoch + 1, model.get_weights())
            if epoch + 1 - best[1] >= c["patience"]:
                break
        if validation is not None:
            model.set_weights(best[2])
        return model, best[1]

    def run(self, seed):
        c, s = self.c, self.meta["splits"]
        first = max(s["train"]["first"], 720 + c["dilation"] * (c["L"] - 1))
        validation = np.arange(s["validation"]["first"], s["validation"]["last"] + 1)
        epochs = c["epochs_fixed"]
        if epochs is None:
            model, epochs = self.fit(first, s["train"]["last"], self.meta["lin_train"], seed, c["epochs"], validation)
        elif not c["refit"]:
            model, _ = self.fit(first, s["train"]["last"], self.meta["lin_train"], seed, epochs)
        if c["refit"]:
            model, _ = self.fit(first, s["validation"]["last"], self.meta["lin_refit"], seed, epochs)
        test = np.arange(s["test"]["first"], s["test"]["last"] + 1)
        lin = self.meta["lin_refit" if c["refit"] else "lin_train"]
        linear = self.x[test] @ np.array(lin["weights"]) + lin["bias"]
        return epochs, self.predict(model, test), qlike(self.y[test], linear), self.y[test]


def main():
    data_dir, label, over = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    seeds = [int(s) for s in sys.argv[4].split(",")]
    unknown = set(over) - set(BASE)
    if unknown:
        sys.exit(f"unknown options: {', '.join(sorted(unknown))}")
    c = {**BASE, **over}
    started, lines, margins = time.time(), [], []
    for name in c["trainings"].split(","):
        training = Training(data_dir, name, c)
        har, forecasts, deltas = training.meta["har"], [], []
        for seed in seeds:
            epochs, forecast, linear, y = training.run(seed)
            forecasts.append(forecast)
            q = qlike(y, forecast)
            deltas.append(q - linear)
            lines.append(f"  {name} seed {seed}: epochs {epochs}, QLIKE {q:.4f}, linear head {linear:.4f}, "
                         f"difference {q - linear:+.4f}, {(1 - q / har) * 100:.1f} % below HAR-RV {har:.4f}")
        mean = qlike(y, np.mean(forecasts, axis=0))
        lines.append(f"  {name} mean ln sigma^2 of the seeds: QLIKE {mean:.4f}, difference {mean - linear:+.4f}, "
                     f"{(1 - mean / har) * 100:.1f} % below HAR-RV")
        spread = np.std(deltas, ddof=1) if len(deltas) > 1 else 0.0
        margins.append(f"{name} {np.mean(deltas):+.4f} ± {spread:.4f}")
    print(f"== {label} {json.dumps(over)}, seeds {seeds}, {time.time() - started:.0f} s\n"
          f"   model − linear head, mean ± sd over seeds: {', '.join(margins)}\n" + "\n".join(lines), flush=True)


main()
