/**
 * Proof that the consent guard cleared one exact text for one number. The carrier adapter
 * refuses to send without it, so a new send path cannot skip the guard by accident.
 */
export class GuardPass {
  readonly #brand = true;
  private constructor(
    readonly messageId: string,
    readonly to: string,
    readonly text: string,
    readonly issuedAt: Date,
  ) {}

  /** Only the consent guard calls this (src/services/consent-guard.ts). */
  static issue(messageId: string, to: string, text: string, issuedAt: Date): GuardPass {
    return new GuardPass(messageId, to, text, issuedAt);
  }

  /** True only for a pass issued by `issue`, for exactly this message, number and text. */
  static covers(pass: unknown, sms: { messageId: string; to: string; text: string }): boolean {
    return (
      pass instanceof GuardPass &&
      #brand in pass &&
      pass.messageId === sms.messageId &&
      pass.to === sms.to &&
      pass.text === sms.text
    );
  }
}
