/**
 * The Connect API's timing and counting rules (PROTOCOL.md "Error codes", the guide's
 * error table and get_captcha section), so the emulator enforces them and the elements
 * can plan around them (a captcha refreshed before it expires). Browser-safe.
 */

/** A captcha that has not been redeemed expires this long after it is issued. */
export const CAPTCHA_LIFETIME_MS = 15 * 60 * 1000;

/** Consecutive authentication failures on one username that put it in captcha-required state (004). */
export const USER_LOCKOUT_FAILURES = 2;

/** Consecutive authentication failures from one source IP that put it in captcha-required state (003). */
export const IP_LOCKOUT_FAILURES = 10;

/** An SMS activation code stops working this long after it is sent (this project's decision). */
export const SMS_CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Wrong tries that void an SMS activation code (this project's decision). */
export const SMS_CODE_MAX_TRIES = 5;
