/**
 * Serves a folder (e.g. ../shared/models as the app's self-hosted models folder) on 127.0.0.1:
 * the same server the command line uses (src/node/serveFolder.ts).
 */
export { serveFolder, type ServedFolder as StaticServer } from '../../src/node/serveFolder';
