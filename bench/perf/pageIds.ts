/** Names shared by the Node side and the page (kept apart so Node never loads page code). */

/** The id of the harness page's file input that Node fills with the photos. */
export const FILE_INPUT_ID = 'perf-files';
