// English strings of the sign-in page (spread into en.ts; loaded with the page).
export const enLogin = {
  "login.title": "Sign in to Switchboard",
  "login.subtitle": "Your team's shared inbox for chat, email, SMS and Slack.",
  "login.email": "Email",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",
  "login.invalid": "Email or password is incorrect.",
  "login.rateLimited": "Too many attempts. Please wait a few minutes and try again.",
  "login.missing": "Enter your email and password.",
} as const;
