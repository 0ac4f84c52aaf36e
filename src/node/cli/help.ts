/** The `--help` texts of the command line. */
import { BACKBONE_CATALOG, DEFAULT_BACKBONE_ID } from '../../core/features/catalog';

const MODEL_SOURCES = `Where the image model comes from (the first that works, as in the app):
  1. a self-hosted models folder: --models <dir>, else env GLIMPSE_MODELS_DIR,
     else ./public/models if it exists (<dir>/<backbone id>/model.json)
  2. the official host (skipped with --offline)
  3. the offline fallback bundled in the nsfwjs npm package (less accurate; a warning says so)`;

const OVERVIEW = `glimpse — train and use Glimpse image classifiers from the command line

Usage:
  glimpse train <folder> --out <dir> [options]     train on one sub-folder per class
  glimpse predict <model> <images…> [options]      classify images with a trained model
  glimpse <command> --help                         options of a command
  glimpse --version

The model files are the app's "Export model" files: model.json, weights.bin, metadata.json.`;

const TRAIN = `Usage: glimpse train <folder> --out <dir> [options]

Trains a classifier the way the Glimpse app does (same image model, same default head
settings, same evaluation) on <folder>, which holds one sub-folder of images per class (the
folder name is the class name), and writes model.json, weights.bin and metadata.json to <dir>.
Files that are not images or cannot be decoded are skipped and listed with the reason.

Options:
  -o, --out <dir>       where to write the model files (created if missing)
  --backbone <id>       image model (default ${DEFAULT_BACKBONE_ID}); one of:
${BACKBONE_CATALOG.map((b) => `                          ${b.id}`).join('\n')}
  --models <dir>        self-hosted models folder
  --offline             never contact the official model hosts
  -h, --help            this help

${MODEL_SOURCES}

Progress goes to stderr (a bar on a terminal, plain lines otherwise); the summary to stdout.
Exit codes: 0 trained and written, 1 failed, 2 wrong command line.`;

const PREDICT = `Usage: glimpse predict <model> <images…> [options]

Classifies each image with a model written by "glimpse train" (its folder) or exported by the
app (the model zip or a folder with its three files), and prints the top class and its
probability. A folder among <images…> stands for every image file inside it.

Options:
  --json                print one JSON document instead of text lines:
                          {"model": {...}, "predictions": [{"file", "label", "probability",
                          "probabilities": {label: p}} | {"file", "error"}]}
  --models <dir>        self-hosted models folder
  --offline             never contact the official model hosts
  -h, --help            this help

${MODEL_SOURCES}
The offline fallback never stands in for the image model a model was trained on.

Exit codes: 0 every image classified, 1 an image or the model could not be read,
2 wrong command line.`;

/** The help text for a command, or the overview. */
export function helpText(topic?: 'train' | 'predict'): string {
  return topic === 'train' ? TRAIN : topic === 'predict' ? PREDICT : OVERVIEW;
}
