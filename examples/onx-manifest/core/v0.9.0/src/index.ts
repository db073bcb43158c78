export { Client, type ClientOptions } from './client.js';
export { BaseValidator, EmailValidator, type ValidationIssue } from './core/validators/index.js';
export { connect, formatNumber, legacyHash, readFileText, toSlug } from './util/text.js';
