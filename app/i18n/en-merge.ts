// English strings of the merge dialogs (spread into en.ts).
export const enMerge = {
  "merge.conversation.open": "Merge into…",
  "merge.conversation.title": "Merge this conversation into another",
  "merge.conversation.pick": "Open conversation of the same customer",
  "merge.conversation.none": "This customer has no other open conversation to merge into.",
  "merge.conversation.explain":
    "All messages, notes and files of #{number} move into the conversation you pick, and #{number} is closed. The timeline is kept and both conversations record the merge. The customer is not messaged.",
  "merge.conversation.confirm": "Merge into #{number}",
  "merge.contact.open": "Merge into another customer…",
  "merge.contact.title": "Merge this customer into another",
  "merge.contact.search": "Find the customer to keep",
  "merge.contact.searchPlaceholder": "Name, email or phone",
  "merge.contact.noMatch": "No other customer matches.",
  "merge.contact.pick": "Choose",
  "merge.contact.explain":
    "{source}'s email addresses, phone numbers and other identities, conversations and documents move to {into}. {source} is kept only as a record of the merge. Nobody is messaged.",
  "merge.contact.confirm": "Merge into {into}",
  "merge.next": "Continue",
  "merge.back": "Back",
  "merge.cancel": "Cancel",
  "merge.merging": "Merging…",
} as const;
