export { BaseValidator, type ValidationIssue } from './base.js';
export { EmailValidator } from './email.js';
