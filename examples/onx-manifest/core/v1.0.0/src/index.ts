export { Client, type ClientOptions } from './client.js';
export { connect, formatNumber, readFileText, slugify } from './util/text.js';
export { EmailValidator, type ValidationIssue, ValidatorBase } from './validators/index.js';
