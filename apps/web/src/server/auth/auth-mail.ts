import { publicWebUrl } from "../env";
import { sendMail } from "../mail/send-mail";
import { TOKEN_MINUTES } from "./auth-token";

/** The three mails the account flows send. Links are built from WEB_URL, never from the request. */

export function mailConfirmEmail(to: string, token: string) {
  return sendMail({
    to,
    subject: "Confirm your email for Tollbooth",
    text: [
      "Someone (hopefully you) created a Tollbooth account with this address.",
      "",
      `Confirm it and sign in: ${publicWebUrl()}/welcome?token=${token}`,
      "",
      `The link works once, for ${TOKEN_MINUTES.verify_email / 60} hours. If it was not you, ignore this mail.`,
    ].join("\n"),
  });
}

export function mailPasswordReset(to: string, token: string, opts: { finishSignUp?: boolean } = {}) {
  const why = opts.finishSignUp
    ? "Someone tried to create a Tollbooth account with this address, which has one waiting for confirmation. To finish it, choose your password:"
    : "Someone (hopefully you) asked to reset the password of the Tollbooth account for this address. Choose a new one:";
  return sendMail({
    to,
    subject: opts.finishSignUp ? "Finish creating your Tollbooth account" : "Reset your Tollbooth password",
    text: [
      why,
      "",
      `${publicWebUrl()}/reset-password?token=${token}`,
      "",
      `The link works once, for ${TOKEN_MINUTES.reset_password} minutes, and signs out every session of the account.`,
      "If it was not you, ignore this mail: nothing changes.",
    ].join("\n"),
  });
}

export function mailAlreadyRegistered(to: string) {
  const base = publicWebUrl();
  return sendMail({
    to,
    subject: "You already have a Tollbooth account",
    text: [
      "Someone tried to create a Tollbooth account with this address, but it already has one.",
      "",
      `If it was you, sign in: ${base}/signin`,
      `Forgot the password? Reset it: ${base}/forgot-password`,
      "",
      "If it was not you, ignore this mail: nothing changed.",
    ].join("\n"),
  });
}
