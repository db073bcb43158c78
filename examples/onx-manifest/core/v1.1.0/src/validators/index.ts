export { type ValidationIssue, ValidatorBase } from './base.js';
export { EmailValidator } from './email.js';
