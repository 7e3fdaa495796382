/** This script's arguments without the literal `--` that `pnpm ... <script> -- --rate 100` passes through. */
export const cliArgs = () => process.argv.slice(2).filter((arg) => arg !== '--');
