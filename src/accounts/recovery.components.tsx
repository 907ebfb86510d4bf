/** The password recovery codes as a page shows them, once: at sign-up and when new ones are made. */
export const KEEP_SAFE = "Keep these somewhere safe. Anyone with one can reset your password.";

export function RecoveryCodesList({ codes }: { codes: string[] }) {
  return (
    <>
      <p class="notice" role="note">
        <strong>{KEEP_SAFE}</strong>
      </p>
      <p>
        If you forget your password, each of these codes lets you choose a new one once, from “Forgot your password?” on the sign-in page. Write
        them down or print this page, and keep them apart from your password. <strong>We will not show them again.</strong>
      </p>
      <ul class="recovery-codes" aria-label="Your recovery codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

