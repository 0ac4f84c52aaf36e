/** Spanish: step 2 (training, charts, advanced options) and step 3 (evaluation). */
import type { train as en } from '../en/train';
import { decimal } from './number';

export const train = {
  'train.heading': '2. Entrenar',
  'train.train': 'Entrenar modelo',
  'train.again': 'Entrenar de nuevo',
  'train.progress': (done: number, planned: number) => `Época ${done} / ${planned}`,
  'train.progressLabel': 'Entrenamiento',
  'train.reason.training': 'El entrenamiento está en curso.',
  'train.reason.loading': 'El modelo de imágenes todavía se está cargando.',
  'train.reason.failed': 'No se pudo cargar el modelo de imágenes.',
  'train.reason.twoClasses': 'Añade al menos dos clases.',
  'train.reason.addImages': (names: readonly string[]) =>
    `Añade imágenes a ${names.map((n) => `«${n}»`).join(', ')}.`,
  'train.done': (seconds: number | null, epochs: number, early: boolean) =>
    `Entrenado en ${seconds === null ? '?' : decimal(seconds, 1)} s en ${epochs} ` +
    `${epochs === 1 ? 'época' : 'épocas'}` +
    (early ? ' (se detuvo antes: la validación dejó de mejorar)' : '') +
    '.',
  'train.cancelled': 'Se canceló el entrenamiento.',
  'train.failed': (error: string | null) => `El entrenamiento falló${error ? `: ${error}` : '.'}`,
  'train.stale': 'Las clases cambiaron desde el entrenamiento: vuelve a entrenar',
  'train.lossChart': 'Pérdida por época',
  'train.accuracyChart': 'Precisión por época',
  'train.legend':
    'Línea continua: muestras de entrenamiento. Discontinua: muestras de validación reservadas.',

  'chart.loss': 'pérdida',
  'chart.accuracy': 'precisión',
  'chart.epoch': 'época',
  'chart.training': 'entrenamiento',
  'chart.validation': 'validación',
  'chart.empty': (what: string) => `Aún no hay ${what}: entrena el modelo para verla por época.`,
  'chart.summary': (epochs: number, what: string, train: string, val: string | null) =>
    `Tras ${epochs} ${epochs === 1 ? 'época' : 'épocas'}: ${what} de entrenamiento ${train}` +
    (val === null ? '.' : `, ${what} de validación ${val}.`),

  'advanced.summary': 'Avanzado',
  'advanced.training': 'Entrenamiento',
  'advanced.epochs': 'Épocas',
  'advanced.epochsHint':
    'Como máximo este número de pasadas; se detiene antes si la validación deja de mejorar.',
  'advanced.batchSize': 'Tamaño de lote',
  'advanced.learningRate': 'Tasa de aprendizaje',
  'advanced.hiddenUnits': 'Unidades ocultas',
  'advanced.hiddenUnitsHint': 'Con 0 se entrena un clasificador lineal.',
  'advanced.dropout': 'Dropout',
  'advanced.validation': 'Proporción de validación (%)',
  'advanced.validationHint':
    'Se reserva de cada clase para medir la precisión; con 0 no se reserva nada.',
  'advanced.defaults': 'Valores de Glimpse',
  'advanced.tmRecipe': 'Receta de Teachable Machine',
  'advanced.backbone': 'Modelo de imágenes (backbone)',
  'advanced.model': 'Modelo',
  'advanced.downloaded': 'Modelos descargados',
  'advanced.offlineGroup': 'Respaldo sin conexión (sin descarga, menor precisión)',
  'advanced.offlineOption': 'respaldo sin conexión',
  'advanced.changeNote': 'Al cambiar el modelo se vuelven a procesar todas las imágenes.',

  'augment.legend': 'Aumentar imágenes',
  'augment.flip': 'Imagen en espejo (volteo)',
  'augment.crops': 'Recortes',
  'augment.lights': 'Cambios de iluminación',
  'augment.noteOn': (slower: number) =>
    `En los conjuntos de datos compartidos esto cambió la precisión en ≤ 1 punto y hace que añadir imágenes sea ${slower} veces más lento.`,
  'augment.noteOff':
    'En los conjuntos de datos compartidos esto cambió la precisión en ≤ 1 punto; cada variante hace más lento añadir imágenes (una pasada más del modelo de imágenes por imagen).',

  'evaluate.heading': '3. Evaluar',
  'evaluate.basis.validation': (n: number) =>
    `Medido con ${n} imágenes reservadas con las que el modelo no entrenó.`,
  'evaluate.basis.cross-validation': (n: number) =>
    `Con tan pocas imágenes no se reservó ninguna: el modelo entrena con las ${n}, y cada ` +
    'imagen se comprobó con un modelo entrenado con las demás (validación cruzada).',
  'evaluate.basis.training': (n: number) =>
    `Medido con las ${n} imágenes de entrenamiento (no se reservó ninguna), así que parece ` +
    'mejor de lo que será con imágenes nuevas.',
  'evaluate.overall': 'Precisión global:',
  'evaluate.correct': (correct: number, total: number) =>
    `(${correct} de ${total} ${correct === 1 ? 'correcta' : 'correctas'}).`,
  'evaluate.stale': 'Estos resultados son de antes de que cambiaran las clases.',
  'evaluate.perClass': 'Precisión por clase',
  'evaluate.accuracyOf': (name: string) => `Precisión de ${name}`,
  'evaluate.matrix': 'Matriz de confusión',
  'evaluate.caption':
    'Filas: la clase real. Columnas: lo que predijo el modelo. Elige un número para ver esas imágenes.',
  'evaluate.corner': 'Real ↓ / Predicha →',
  'evaluate.cell': (count: number, name: string, predicted: string) =>
    `${count} ${count === 1 ? 'imagen' : 'imágenes'} de ${name} ${
      count === 1 ? 'predicha' : 'predichas'
    } como ${predicted}`,
  'evaluate.cellHeading': (name: string, predicted: string) =>
    `«${name}» predicha como «${predicted}»`,
  'evaluate.cellEmpty': 'No quedan imágenes en esta celda.',
  'evaluate.moveTo': 'Mover a',
  'evaluate.move': 'Mover',
  'evaluate.moveNamed': (alt: string, name: string) => `Mover ${alt} a ${name}`,
  'evaluate.moved': (alt: string, name: string) => `Se movió ${alt} a «${name}».`,
  'evaluate.deleted': (alt: string) => `Se eliminó ${alt}.`,
} satisfies typeof en;
