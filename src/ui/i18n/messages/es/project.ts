/** Spanish: the Project toolbar, the Projects dialog and the project files' messages. */
import type { project as en } from '../en/project';

export const project = {
  'project.label': 'Proyecto',
  'project.failed': (what: string, reason: string) => `${what}: se produjo un error. ${reason}`,
  'project.waitBusy': 'Espera a que termine el entrenamiento o la carga de imágenes.',
  'project.loading': 'El modelo de imágenes todavía se está cargando.',
  'project.addFirst': 'Primero añade imágenes.',
  'project.waitTraining': 'Espera a que termine el entrenamiento.',
  'project.trainFirst': 'Primero entrena un modelo.',
  'project.tmOnly': 'Solo para proyectos con el modelo de imágenes base de Teachable Machine.',
  'project.save': 'Guardar proyecto',
  'project.saving': 'Guardando el proyecto',
  'project.open': 'Abrir proyecto',
  'project.opening': 'Abriendo el proyecto',
  'project.exportModel': 'Exportar modelo',
  'project.exportingModel': 'Exportando el modelo',
  'project.exportFiles': 'Exportar modelo en archivos separados',
  'project.exportingFiles': 'Exportando los archivos del modelo',
  'project.openModel': 'Abrir modelo',
  'project.openingModel': 'Abriendo el modelo',
  'project.exportTm': 'Exportar para Teachable Machine',
  'project.exportingTm': 'Exportando para Teachable Machine',
  'project.importZip': 'Importar conjunto de datos (.zip)',
  'project.importFolder': 'Importar carpeta de datos',
  'project.importing': 'Importando el conjunto de datos',
  'project.exportDataset': 'Exportar conjunto de datos',
  'project.exportingDataset': 'Exportando el conjunto de datos',
  'project.exportedWithout': (missing: 'tfjs' | 'model' | 'both') =>
    `El modelo se exportó sin ${
      missing === 'both'
        ? 'TensorFlow.js ni el modelo de imágenes'
        : missing === 'tfjs'
          ? 'TensorFlow.js'
          : 'el modelo de imágenes'
    }, así que su página de ejemplo los necesita de otro sitio: el README.txt del zip explica cómo.`,

  'projects.button': 'Proyectos',
  'projects.heading': 'Tus proyectos',
  'projects.intro': 'Los proyectos se guardan en este navegador mientras trabajas.',
  'projects.new': 'Nuevo proyecto',
  'projects.none': 'Aún no hay proyectos guardados.',
  'projects.listFailed': (reason: string) => `No se pudieron listar tus proyectos: ${reason}`,
  'projects.openNow': ' (abierto ahora)',
  'projects.updated': (when: string) => `Actualizado: ${when}`,
  'projects.newName': (name: string) => `Nuevo nombre para ${name}`,
  'projects.saveName': 'Guardar nombre',
  'projects.deleteLabel': (name: string) => `¿Eliminar ${name}?`,
  'projects.deleteQuestion': (name: string) =>
    `¿Eliminar «${name}» y todas sus imágenes? No se puede deshacer.`,
  'projects.deleteForGood': 'Eliminar definitivamente',
  'projects.keep': 'Conservarlo',
  'projects.open': 'Abrir',
  'projects.rename': 'Cambiar nombre',
  'projects.duplicate': 'Duplicar',
} satisfies typeof en;
