/** Spanish: step 4 (try it), the presentation mode and the embedding map. */
import type { preview as en } from '../en/preview';
import { decimal } from './number';

export const preview = {
  'preview.heading': '4. Pruébalo',
  'preview.live': 'Cámara web en vivo',
  'preview.stopLive': 'Detener la cámara en vivo',
  'preview.present': 'Presentar',
  'preview.presentTitle': 'Cámara web a pantalla completa con predicciones grandes, para el aula',
  'preview.classify': 'Clasificar una imagen',
  'preview.dropHint': '…o suelta una imagen en cualquier parte de este panel.',
  'preview.shownAlt': (name: string) => `Imagen que se está clasificando: ${name}`,
  'preview.rejected': (name: string, reason: string) => `No se pudo usar «${name}»: ${reason}`,
  'preview.noImage': 'No se encontró ninguna imagen.',
  'preview.needTwo': 'Añade imágenes a al menos dos clases para obtener una predicción.',
  'preview.classifyFailed': (reason: string) => `No se pudo clasificar la imagen: ${reason}`,
  'preview.camera': 'Cámara de la vista en vivo',
  'preview.cameraFallback': 'Aún puedes clasificar un archivo de imagen.',
  'preview.fps': (fps: number) => `${decimal(fps, 1)} predicciones por segundo.`,
  'preview.waiting': 'Esperando imágenes en al menos dos clases.',
  'preview.cameraFailed': (reason: string) => `No se pudo leer la cámara: ${reason}`,
  'preview.empty':
    'Aún no hay predicciones. Añade imágenes a al menos dos clases y luego muestra un objeto a la cámara web o clasifica una imagen.',
  'preview.instant': 'Instantáneo (k-NN, antes de entrenar)',
  'preview.trained': 'Modelo entrenado',
  'preview.barsLabel': 'Confianza por clase',
  'preview.mostLikely': ' (la más probable)',
  'preview.latency': (ms: number) => `Respondió en ${ms} ms.`,

  'present.heading': 'Glimpse: ¿qué ve el modelo?',
  'present.exit': 'Salir (Esc)',
  'present.camera': 'Cámara de la presentación',
  'present.cameraFallback': 'Sal y clasifica un archivo de imagen en su lugar.',
  'present.showSomething': 'Muéstrale algo a la cámara…',
  'present.needTwo': 'Añade imágenes a al menos dos clases para ver predicciones.',
  'present.fps': (fps: number) => `${decimal(fps, 1)} predicciones por segundo`,

  'map.heading': 'Mapa de embeddings',
  'map.intro':
    'Cada punto es una de tus imágenes, colocada según cómo la ve el modelo de imágenes: las imágenes parecidas quedan cerca. El marcador blanco y negro es la imagen que se está clasificando ahora.',
  'map.empty': 'El mapa aparece cuando se añaden imágenes.',
  'map.summary': (images: string, classes: number, nearest: string | null) =>
    `Mapa 2D de ${images} en ${classes} ${classes === 1 ? 'clase' : 'clases'}` +
    (nearest !== null ? `; el fotograma en vivo está más cerca de «${nearest}».` : '.'),
  'map.keys': 'Usa las flechas del teclado para recorrer las imágenes.',
  'map.active': (n: number, total: number, name: string) => `Imagen ${n} de ${total}: ${name}`,
  'map.legend': 'Clases en el mapa',
  'map.live': 'Imagen que se está clasificando',
  'map.explained': (share: string) =>
    `Las dos direcciones mostradas recogen el ${share} de la variación entre las imágenes (PCA).`,
} satisfies typeof en;
