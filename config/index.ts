// Public face of configuration: schema, loader, printer.
export * from './schema.ts';
export * from './load.ts';
export * from './print.ts';
