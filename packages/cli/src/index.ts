export {
  BuilderWallet,
  type BuilderWalletOptions,
  builderCredentials,
  createBuilderWallet,
} from "./builder-wallet";
export { CliError, EXIT, type ExitCode } from "./cli-error";
export { FileTokenStore, tollboothHome } from "./token-file-store";
