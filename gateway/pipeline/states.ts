// Pipeline names: file states (defined with the store schema), queue names and job ids. Jobs carry ids only.
export { FILE_STATES, type FileState } from '../store/schema.ts';

export const QUEUES = { parse: 'parse' } as const;
export const parseJobId = (fileId: string) => `parse:${fileId}`;
