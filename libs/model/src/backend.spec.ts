import { activeBackend, BACKEND_REGISTRATIONS, initBackend, selectBackend } from './backend';

const failing = (message: string) => () => {
  throw new Error(message);
};

describe('backend', () => {
  describe(selectBackend.name, () => {
    it('should fall back to WebAssembly and report why when tfjs-node does not load', async () => {
      const sut = await selectBackend(undefined, {
        ...BACKEND_REGISTRATIONS,
        tensorflow: failing('tfjs_binding.node can not be found'),
      });

      expect(sut.backend).toBe('wasm');
      expect(sut.unavailable).toEqual(['tensorflow unavailable: tfjs_binding.node can not be found']);
    });

    it('should fall back to the CPU backend when neither tfjs-node nor WebAssembly starts', async () => {
      const sut = await selectBackend('wasm', {
        tensorflow: failing('no native library'),
        wasm: failing('no .wasm file'),
        cpu: BACKEND_REGISTRATIONS.cpu,
      });

      expect(sut).toEqual({
        backend: 'cpu',
        unavailable: ['wasm unavailable: no .wasm file', 'tensorflow unavailable: no native library'],
      });
    });

    it('should try the preferred backend first when one is given', async () => {
      const sut = await selectBackend('cpu');

      expect(sut).toEqual({ backend: 'cpu', unavailable: [] });
    });

    it('should throw naming every failure when no backend starts', async () => {
      const run = selectBackend(undefined, {
        tensorflow: failing('a'),
        wasm: failing('b'),
        cpu: failing('c'),
      });

      await expect(run).rejects.toThrow('no TF.js backend starts');
    });
  });

  describe(initBackend.name, () => {
    it('should pick one backend per process and report it as active when called twice', async () => {
      const first = await initBackend();

      expect(await initBackend('cpu')).toBe(first);
      expect(activeBackend()).toBe(first);
    });
  });
});
