// What the Postgres global setups hand to the test files (read with `inject('pgAdminUrl')`).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
