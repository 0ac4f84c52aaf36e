/** Spanish: step 1, the classes, their images, uploads and the webcam. */
import type { classes as en } from '../en/classes';

export const classes = {
  'classes.heading': '1. Clases',
  'classes.add': 'Añadir una clase',
  'classes.defaultName': (n: number) => `Clase ${n}`,
  'classes.uploadFailed': (reason: string) => `No se pudieron añadir los archivos: ${reason}`,
  'classes.readingFiles': (done: number, total: number) => `Leyendo archivos: ${done} / ${total}`,
  'classes.addingImages': (done: number, total: number) => `Añadiendo imágenes: ${done} / ${total}`,
  'classes.rejectedHeading': 'No se pudieron usar estos archivos',
  'classes.deleted': (name: string, images: string) => `Se eliminó «${name}» (${images}).`,
  'classes.undo': 'Deshacer',

  'class.moveUp': (name: string) => `Mover ${name} hacia arriba`,
  'class.moveDown': (name: string) => `Mover ${name} hacia abajo`,
  'class.addImages': (name: string) => `Añadir imágenes a ${name}`,
  'class.webcam': 'Cámara web',
  'class.webcamFor': (name: string) => `Cámara web para ${name}`,
  'class.upload': 'Subir',
  'class.uploadTo': (name: string) => `Subir imágenes a ${name}`,
  'class.uploadFolder': 'Subir carpeta',
  'class.uploadFolderTo': (name: string) => `Subir una carpeta a ${name}`,
  'class.dropHint':
    '…o suelta imágenes aquí, o pega una (Ctrl+V o ⌘V) mientras esta tarjeta tiene el foco.',
  'class.clear': 'Borrar imágenes',
  'class.clearOf': (name: string) => `Borrar las imágenes de ${name}`,
  'class.clearQuestion': (images: string, name: string) => `¿Borrar ${images} de «${name}»?`,
  'class.remove': 'Borrar',
  'class.delete': 'Eliminar clase',
  'class.deleteNamed': (name: string) => `Eliminar la clase ${name}`,
  'class.deleteQuestion': (name: string, images: string) => `¿Eliminar «${name}» con ${images}?`,
  'class.rename': (name: string) => `${name} (cambiar nombre)`,
  'class.renameTitle': 'Haz clic para cambiar el nombre',
  'class.newName': (name: string) => `Nuevo nombre para ${name}`,
  'class.nameEmpty': 'Una clase necesita un nombre.',
  'class.nameTaken': (name: string) => `Ya hay otra clase llamada «${name}».`,
  'class.nameKept': (why: string, name: string) => `${why} Se queda como «${name}».`,

  'samples.empty': 'Aún no hay imágenes. Usa la cámara web, sube archivos o suéltalos aquí.',
  'samples.showMore': (count: number, hidden: number) =>
    `Mostrar ${count} ${count === 1 ? 'imagen anterior' : 'imágenes anteriores'} (${hidden} sin mostrar)`,
  'samples.listLabel': (name: string) => `Imágenes de ${name}`,
  'samples.deleteTitle': 'Eliminar esta imagen',
  'samples.deleteNamed': (alt: string) => `Eliminar ${alt}`,
  'samples.altNamed': (className: string, file: string) => `${className}: ${file}`,
  'samples.altWebcam': (className: string, n: number) => `${className}, foto de cámara ${n}`,
  'samples.altImage': (className: string, n: number) => `${className}, imagen ${n}`,

  'camera.label': 'Cámara',
  'camera.current': 'Cámara actual',
  'camera.numbered': (n: number) => `Cámara ${n}`,
  'camera.mirror': 'Espejo',
  'camera.tryAgain': 'Reintentar',
  'camera.opening': 'Abriendo la cámara…',
  'camera.help.denied':
    'Permite el acceso a la cámara para esta página (el ícono de la cámara en la barra de direcciones) y luego presiona Reintentar.',
  'camera.help.not-found': 'Conecta una cámara y presiona Reintentar.',
  'camera.help.in-use':
    'Cierra otras aplicaciones o pestañas que usen la cámara y luego presiona Reintentar.',
  'camera.help.unplugged': 'Vuelve a conectar la cámara y presiona Reintentar.',
  'camera.help.unsupported': 'Este navegador no puede usar una cámara aquí.',
  'camera.help.unknown': 'Presiona Reintentar o elige otra cámara.',

  'webcam.heading': (name: string) => `Cámara web para «${name}»`,
  'webcam.close': (name: string) => `Cerrar la cámara web de ${name}`,
  'webcam.preview': (name: string) => `Vista de la cámara web para ${name}`,
  'webcam.fallback': 'Aún puedes añadir imágenes con Subir.',
  'webcam.notReady': 'La cámara todavía no está lista.',
  'webcam.photoFailed': (reason: string) => `No se pudo tomar la foto: ${reason}`,
  'webcam.record': 'Mantén presionado para grabar',
  'webcam.recording': 'Grabando… suelta para detener',
  'webcam.takePhoto': 'Tomar una foto',
  'webcam.fps': 'Fotogramas por segundo',
  'webcam.added': (n: number, name: string, dropped: number) =>
    `${n} ${n === 1 ? 'foto añadida' : 'fotos añadidas'} a «${name}»` +
    (dropped > 0
      ? ` (${dropped} ${dropped === 1 ? 'fotograma omitido' : 'fotogramas omitidos'} mientras se procesaba el anterior)`
      : '') +
    '.',
} satisfies typeof en;
