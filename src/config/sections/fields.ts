import { z } from 'zod';

/** A share from 0 to 1 inclusive, written as a plain number (0.025 = 2.5%). */
export function fraction() {
  return z.number().min(0).max(1);
}

/** A share above 0 and at most 1 (0.025 = 2.5%). */
export function positiveFraction() {
  return z.number().positive().max(1);
}

/** The name of an environment variable; the variable holds the secret, the config only its name. */
export function envVarName() {
  return z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as NMRBOT_API_KEY (A-Z, 0-9, _)');
}

/** A non-empty path, relative to the working directory unless absolute. */
export function filePath() {
  return z.string().min(1);
}
