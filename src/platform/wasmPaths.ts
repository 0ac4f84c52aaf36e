/**
 * Where the WASM backend's binaries are served. Vite's `?url` imports emit the three .wasm files
 * as hashed assets; without them the backend fetches `/tfjs-backend-wasm*.wasm`, which the dev
 * server answers with index.html ("expected magic word").
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The map for `setWasmPaths` (and `initBackend({ wasmPaths })`): file name → served URL. */
export function wasmPaths(): Record<string, string> {
  return {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  };
}
