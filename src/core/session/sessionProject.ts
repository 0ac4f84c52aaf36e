/**
 * Pure pieces of saving and opening a project in a session: checking a {@link ProjectData}
 * against what a session can hold, and building the store it will hold. No engine, no state.
 */
import { renamedClassesNotice, uniqueClassNames } from '../dataset/classNames';
import { EmbeddingStore } from '../dataset/embeddingStore';
import { InvalidFileError } from '../errors';
import { findBackbone } from '../features/catalog';
import { checkEvaluation, type ProjectData } from '../io/projectFormat';

/**
 * The project with distinct class names (ignoring case, spaces and Unicode composition): a
 * later class whose name collides is renamed "name (2)". `notice` says what was renamed, or is
 * null when nothing was. Ids, samples and the trained head are untouched.
 */
export function projectWithUniqueClassNames(project: ProjectData): {
  project: ProjectData;
  notice: string | null;
} {
  const { names, renamed } = uniqueClassNames(project.classes.map((c) => c.name));
  if (renamed.length === 0) return { project, notice: null };
  const classes = project.classes.map((c, i) => ({ ...c, name: names[i]! }));
  return {
    project: { ...project, classes },
    notice: renamedClassesNotice(renamed, `“${project.name}”`),
  };
}

/**
 * Checks a project and builds the embedding store it describes. Throws
 * {@link InvalidFileError} for anything a session cannot restore; touches nothing.
 */
export function storeFromProject(project: ProjectData, fileName = project.name): EmbeddingStore {
  const bad = (problem: string) => new InvalidFileError(fileName, 'invalid-value', problem);
  if (!findBackbone(project.backboneId)) {
    throw bad(`it uses the image model "${project.backboneId}", which this Glimpse does not know.`);
  }
  if (project.classes.length === 0) throw bad('it has no classes.');
  const store = new EmbeddingStore();
  try {
    for (const c of project.classes) {
      if (!c.name.trim()) throw bad('a class has no name.');
      store.addClass({ id: c.id, name: c.name });
    }
    for (const s of project.samples) {
      if (s.embedding.length !== project.embeddingDim) {
        throw bad(
          `the image "${s.id}" has ${s.embedding.length} features, not ${project.embeddingDim}.`,
        );
      }
      store.addSamples([
        {
          id: s.id,
          classId: s.classId,
          source: s.source,
          embedding: s.embedding,
          ...(s.augmented?.length ? { augmented: s.augmented } : {}),
          ...(s.name !== undefined ? { name: s.name } : {}),
        },
      ]);
    }
  } catch (error) {
    if (error instanceof InvalidFileError) throw error;
    throw bad(error instanceof Error ? error.message : String(error));
  }
  const head = project.head;
  if (head) {
    const ids = new Set(project.classes.map((c) => c.id));
    if (head.classIds.some((id) => !ids.has(id))) {
      throw bad('its trained model names a class that does not exist.');
    }
    if (new Set(head.classIds).size !== head.classIds.length) {
      throw bad('its trained model names a class twice.');
    }
    if (head.classIds.length !== head.weights.classCount) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `its trained model has ${head.weights.classCount} outputs but names ${head.classIds.length} classes.`,
      );
    }
    if (head.weights.inputDim !== project.embeddingDim) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `its trained model takes ${head.weights.inputDim} features but the images have ${project.embeddingDim}.`,
      );
    }
  }
  if (project.evaluation) {
    checkEvaluation(
      project.evaluation,
      project.classes.map((c) => c.id),
      new Set(project.samples.map((s) => s.id)),
      bad,
    );
  }
  return store;
}
