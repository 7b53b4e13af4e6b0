/**
 * The environments one blueprint deploys to ("host parity": same templates, other sizes).
 * Its own module so `--help` can list them without loading the config schema.
 */
export const ENVIRONMENTS = ['prod', 'test', 'dev'] as const;
export type EnvName = (typeof ENVIRONMENTS)[number];

export const isEnvName = (v: string): v is EnvName => ENVIRONMENTS.some((e) => e === v);

/** The list in a sentence: "prod, test or dev". */
export const environmentList = (conj: 'or' | 'and') =>
  ENVIRONMENTS.join(', ').replace(/, (?=[^,]*$)/, ` ${conj} `);
