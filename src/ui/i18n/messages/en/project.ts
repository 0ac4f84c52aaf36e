/** English: the Project toolbar, the Projects dialog and the project files' messages. */
export const project = {
  'project.label': 'Project',
  'project.failed': (what: string, reason: string) => `${what} failed: ${reason}`,
  'project.waitBusy': 'Wait for training or adding images to finish.',
  'project.loading': 'The image model is still loading.',
  'project.addFirst': 'Add images first.',
  'project.waitTraining': 'Wait for training to finish.',
  'project.trainFirst': 'Train a model first.',
  'project.tmOnly': 'Only for projects on the Teachable Machine base image model.',
  'project.save': 'Save project',
  'project.saving': 'Saving the project',
  'project.open': 'Open project',
  'project.opening': 'Opening the project',
  'project.exportModel': 'Export model',
  'project.exportingModel': 'Exporting the model',
  'project.exportFiles': 'Export model as separate files',
  'project.exportingFiles': 'Exporting the model files',
  'project.openModel': 'Open model',
  'project.openingModel': 'Opening the model',
  'project.exportTm': 'Export for Teachable Machine',
  'project.exportingTm': 'Exporting for Teachable Machine',
  'project.importZip': 'Import dataset (.zip)',
  'project.importFolder': 'Import dataset folder',
  'project.importing': 'Importing the dataset',
  'project.exportDataset': 'Export dataset',
  'project.exportingDataset': 'Exporting the dataset',
  'project.exportedWithout': (missing: 'tfjs' | 'model' | 'both') =>
    `The model was exported without ${
      missing === 'both'
        ? 'TensorFlow.js and the image model'
        : missing === 'tfjs'
          ? 'TensorFlow.js'
          : 'the image model'
    }, so its example page needs them from elsewhere: README.txt in the zip says how.`,

  'projects.button': 'Projects',
  'projects.heading': 'Your projects',
  'projects.intro': 'Projects are saved in this browser as you work.',
  'projects.new': 'New project',
  'projects.none': 'No saved projects yet.',
  'projects.listFailed': (reason: string) => `Could not list your projects: ${reason}`,
  'projects.openNow': ' (open now)',
  'projects.updated': (when: string) => `Updated ${when}`,
  'projects.newName': (name: string) => `New name for ${name}`,
  'projects.saveName': 'Save name',
  'projects.deleteLabel': (name: string) => `Delete ${name}?`,
  'projects.deleteQuestion': (name: string) =>
    `Delete “${name}” and all its images? This cannot be undone.`,
  'projects.deleteForGood': 'Delete for good',
  'projects.keep': 'Keep it',
  'projects.open': 'Open',
  'projects.rename': 'Rename',
  'projects.duplicate': 'Duplicate',
};
