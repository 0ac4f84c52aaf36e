/** What the user is told when the engine's GPU device was lost and the engine moved on. */
import type { BackendRecovery } from '../engine/engine';

const BACKEND_LABELS: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (WASM)',
  cpu: 'the CPU',
};

/** The notice for a recovery; `training` says whether a training run was going on. */
export function recoveryNotice(
  recovery: BackendRecovery,
  training: boolean,
): { level: 'warning' | 'error'; text: string } {
  const lost = BACKEND_LABELS[recovery.lost] ?? recovery.lost;
  const what = `The graphics processor stopped working for Glimpse (${recovery.reason}).`;
  if (!recovery.backend) {
    return {
      level: 'error',
      text:
        `${what} No other way to run the image model could start (${recovery.error ?? ''}). ` +
        'Your classes and images are kept: save the project, then reload the page.',
    };
  }
  const now = BACKEND_LABELS[recovery.backend.active] ?? recovery.backend.active;
  return {
    level: 'warning',
    text:
      `${what} Glimpse switched from ${lost} to ${now}` +
      (training ? ' and started the training again there' : '') +
      '. Your classes and images are unchanged; it may run more slowly.',
  };
}
