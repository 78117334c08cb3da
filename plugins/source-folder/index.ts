// source-folder plugin: takes complete files from a mailbox's in/ folder, safely and exactly once across crashes.
import { defineSource, type RunningSource, type SourceContext } from '../../gateway/core/plugin.ts';
import type { FolderSourceConfig } from './config.ts';
import { startFolderSource } from './source.ts';

export const folderSource = defineSource({
  name: 'source-folder',
  start(config: FolderSourceConfig, ctx: SourceContext): RunningSource {
    return startFolderSource(config, ctx);
  },
});

export { startFolderSource, type FolderSourceDeps } from './source.ts';
export { folderSourceDefaults, resolveFolderConfig, type FolderSourceConfig, type FolderSourceSettings, type ResolvedFolderConfig } from './config.ts';
export { folderLayout, ensureLayout, archiveDayDir, localDay, processingName, parseProcessingName, suffixedName, PROCESSING_DIR, type FolderLayout } from './layout.ts';
export { moveWithRetry, TRANSIENT_RENAME_CODES, type MoveOptions, type RenameFn } from './move.ts';
export { compileIgnore } from './ignore.ts';
export { writeFileAtomic, writeErrSideCars } from './err-files.ts';
export { archiveClaimed, errorClaimed, type ErrorPlacement } from './settle.ts';
