// `node dist/main.js --help`.
export const MAIN_HELP = `Caja relay

Usage: node apps/relay/dist/main.js [command] [options]

Commands:
  (none)                          run the relay (configuration from the environment and .env)
  pair                            print a one-time pairing code the running relay accepts
  make-cert --host <ip-or-name>   make a local CA and an HTTPS certificate for tablets
  verify                          check daily_shifts.json and the journal in DATA_DIR
  restore --at <ISO> --out <dir>  rebuild the store as it was at an instant into a new folder
  recover-from-dynamodb           rebuild DATA_DIR from DynamoDB (--from <date> --to <date>)

Every command takes --help. Exit codes: 0 ok, 1 failure, 2 bad configuration or usage.
Configuration variables: see .env.example and docs/relay.md.`;
