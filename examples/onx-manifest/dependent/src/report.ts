import type { ValidationIssue } from '@acme/core';
import { client, validators } from './main.js';

/** What the app would report about a sign-up form. */
export function report(fields: readonly string[]): string[] {
  const issues: ValidationIssue[] = validators.flatMap((validator) => validator.validateAll(fields));
  const cached = `responses cached for ${client.options.cacheTime ?? 0} ms`;
  return [cached, ...issues.map((issue) => `${issue.path}: ${issue.message}`)];
}
