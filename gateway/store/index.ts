// Public face of the durable store: database, blobs, audit chain and repositories.
export { openStore, unwrapQueryError, isUniqueViolation, DB_FILE_NAME, type Store, type SqliteStore, type OpenStoreOptions } from './db.ts';
export { checkpoint, checkpointIfLarge, walSizeBytes, type CheckpointMode, type CheckpointResult } from './wal.ts';
export { createBlobStore, type BlobStore, type BlobPut } from './blob-store.ts';
export { canonicalJson } from './canonical-json.ts';
export { GENESIS_HASH, type NewEvent, type AuditEvent, type AuditVerifyResult, type AuditBreakReason } from './audit.ts';
export { appendEvent, appendEventTx, verifyAudit, auditHead, listEntityEvents } from './sql/audit-log.ts';
export {
  recordReceivedFile,
  recordRejectedFile,
  getFile,
  findFileByClaimId,
  findAcceptedFileBySha,
  setFileState,
  listFiles,
  listFileIdsInState,
  countFilesByState,
  type FileRow,
  type ReceivedFileInput,
  type RejectedFileInput,
  type ListFilesQuery,
} from './files-repo.ts';
export {
  insertDocuments,
  listDocuments,
  getDocument,
  amountToText,
  amountFromText,
  INITIAL_DOCUMENT_STATE,
  type NewDocument,
  type DocumentRow,
  type InsertDocumentsOptions,
} from './documents-repo.ts';
export { FILE_STATES, ENTITY_TYPES, files, documents, events, type FileState, type EntityType } from './schema.ts';
