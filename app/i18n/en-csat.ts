// English strings of CSAT ratings on conversations (spread into en-core.ts; the survey page is en-survey.ts, the settings en-admin.ts).
export const enCsat = {
  "event.csatSent": "Satisfaction survey sent ({channel})",
  "event.csat": "The customer rated this conversation {stars} {rating}/5",
  "event.csatComment": "The customer rated this conversation {stars} {rating}/5: “{comment}”",
  "csat.title": "Customer satisfaction",
  "csat.rating": "{rating}/5",
  "csat.resolveWithoutSurvey": "Resolve without survey",
} as const;
