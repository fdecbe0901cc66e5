// English strings of CSAT ratings on conversations (spread into en-core.ts; the survey page is en-survey.ts, the settings en-admin.ts).
export const enCsat = {
  "event.csatSent": "Satisfaction survey sent ({channel})",
  "event.csat": "The customer rated this conversation {stars} {rating}/5",
  "event.csatComment": "The customer rated this conversation {stars} {rating}/5: “{comment}”",
  "csat.title": "Customer satisfaction",
  "csat.rating": "{rating}/5",
  "csat.average": "Average {average}/5 from {count} rating(s)",
  "csat.none": "No ratings yet",
  "csat.conversationNumber": "#{number}",
  "csat.resolveWithoutSurvey": "Resolve without survey",
  "csat.resolveMenu": "More resolve options",
} as const;
