/**
 * Sends mail over SMTP when SMTP_URL is set; otherwise writes each message as an
 * .eml file into HEARTH_DATA_DIR/mail/ so that trying Hearth needs no mail account.
 */
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { newId } from "../shared/ids.ts";

/** A plain-text mail; `headers` adds lines such as RFC 8058's List-Unsubscribe. */
export type MailMessage = { to: string; subject: string; text: string; headers?: Record<string, string> };

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function createMailer(options: { smtpUrl: string | null; dataDir: string; from: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      send: async (message) => {
        await transport.sendMail({ from: options.from, ...message });
      },
    };
  }
  const dir = path.join(options.dataDir, "mail");
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    send: async (message) => {
      const info = await transport.sendMail({ from: options.from, ...message });
      await fs.mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      await fs.writeFile(path.join(dir, `${stamp}-${newId()}.eml`), info.message as Buffer);
    },
  };
}
