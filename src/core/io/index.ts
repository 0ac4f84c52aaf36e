/** Files in and out: project zip, dataset folders, model exports. Pure data ↔ bytes. */
export * from './zip';
export * from './headExport';
export * from './tmExport';
export * from './projectFormat';
export * from './datasetFolders';
export type { Json } from './jsonFile';
