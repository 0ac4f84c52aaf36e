/** Spanish: the page frame, shared words, the language picker and the status bar. */
import type { app as en } from '../en/app';
import { decimal } from './number';

export const app = {
  'app.tagline':
    'Entrena un clasificador de imágenes en tu navegador. Tus fotos nunca salen de este dispositivo.',
  'app.saveFailed': (reason: string) => `No se pudo guardar el proyecto: ${reason}`,
  'language.label': 'Idioma',

  'common.images': (n: number) => `${n} ${n === 1 ? 'imagen' : 'imágenes'}`,
  'common.deletedClass': '(clase eliminada)',
  'common.cancel': 'Cancelar',
  'common.close': 'Cerrar',
  'common.dismiss': 'Descartar',
  'common.delete': 'Eliminar',
  'common.loading': 'Cargando…',

  'notices.label': 'Mensajes',
  'notices.saveProject': 'Guardar proyecto',
  'notices.dismiss': (text: string) => `Descartar: ${text}`,

  'stop.stopping': 'Deteniendo: las imágenes que aún no se añadieron quedan fuera…',
  'stop.progress': (done: number, total: number) =>
    `Añadiendo imágenes: ${done} de ${total} listas.`,
  'stop.button': 'Dejar de añadir imágenes',

  'status.imageModel': 'Modelo de imágenes',
  'status.weightsFrom': 'Pesos desde',
  'status.source.self-hosted': 'alojados aquí (este sitio)',
  'status.source.official': 'oficiales (el servidor del editor)',
  'status.source.offline-fallback': 'respaldo sin conexión (incluido en Glimpse)',
  'status.backend': 'Backend de cálculo',
  'status.engine': 'Motor',
  'status.phase.starting': 'Iniciando…',
  'status.phase.ready': 'Listo',
  'status.phase.switching': 'Cambiando…',
  'status.phase.failed': 'Falló',
  'status.fallbackTitle': 'Usando el respaldo sin conexión: menor precisión.',
  'status.fallbackText': (requested: string | null, note: string) =>
    `No se pudo descargar el modelo de imágenes elegido${requested ? ` (${requested})` : ''}, ` +
    `así que Glimpse usa el que trae incluido. ${note}`,
  'status.engineFailed': (error: string | null) =>
    `No se pudo iniciar el modelo de imágenes${error ? `: ${error}` : '.'}`,

  'offline.label': 'Funciona sin conexión',
  'offline.yes': (files: number) => `sí (${files} archivos guardados)`,
  'offline.no': (why: string, files: number) =>
    `no (${why}${files ? `; ${files} archivos guardados` : ''})`,
  'offline.unsupported': 'este navegador o esta dirección no pueden guardar la aplicación',
  'offline.devOnly': 'solo la aplicación compilada funciona sin conexión',
  'offline.installing': 'guardando la aplicación…',
  'offline.failed': (error: string | null) =>
    `no se pudo guardar la aplicación${error ? `: ${error}` : ''}`,
  'offline.savingModel': 'guardando el modelo de imágenes…',
  'offline.modelFailed': (error: string | null) =>
    `no se pudo guardar el modelo de imágenes${error ? `: ${error}` : ''}`,
  'offline.updateReady': 'Hay una nueva versión de Glimpse lista.',
  'offline.reload': 'Recargar',
  'offline.dismissUpdate': 'Descartar: hay una nueva versión lista',

  'debug.summary': 'Detalles de depuración',
  'debug.memory': 'Memoria de tensores',
  'debug.memoryValue': (tensors: number, mb: number, backend: string) =>
    `${tensors} tensores, ${decimal(mb, 1)} MB en ${backend}`,
  'debug.refresh': 'Actualizar',
  'debug.backend': 'Backend',
  'debug.forced': ' (forzado)',
  'debug.automatic': ' (elegido automáticamente)',
  'debug.otherBackends': 'Otros backends',
  'debug.imageModel': 'Modelo de imágenes',
  'debug.askedFor': (id: string) => ` (se pidió ${id})`,
  'debug.features': (dim: string) => `, ${dim} características numéricas`,
  'debug.weightsUrl': 'URL de los pesos',
  'debug.attempts': 'Dónde se buscaron los pesos',
  'debug.loaded': 'cargados',
  'debug.failed': (error: string) => `falló: ${error}`,
  'debug.engineError': 'Error del motor',
  'debug.samples': 'Muestras',
  'debug.samplesValue': (samples: number, classes: number) => `${samples} en ${classes} clases`,
  'debug.lastTraining': 'Último entrenamiento',
  'debug.epochs': (n: number) => `, ${n} épocas`,
} satisfies typeof en;
