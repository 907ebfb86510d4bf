/** The password recovery codes as a page shows them, once: at sign-up and when new ones are made. */
import { useT } from "../web/i18n.ts";

export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <>
      <p class="notice" role="note">
        <strong>{t.text("recovery.keepSafe")}</strong>
      </p>
      <p>
        {t.text("recovery.howToUse")} <strong>{t.text("recovery.notAgain")}</strong>
      </p>
      <ul class="recovery-codes" aria-label={t.text("welcome.codes")}>
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

