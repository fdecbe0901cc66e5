/**
 * A message whose sender-chosen provider id (email Message-ID) was already taken by other content is
 * stored under the id plus a short content hash (issue 17, finding 5). Adapters that put provider ids
 * back on the wire (email References) take the suffix off again.
 */
export function derivedProviderId(providerMessageId: string, contentHash: string): string {
  return `${providerMessageId}#${contentHash.slice(0, 16)}`;
}

export function originalProviderId(providerMessageId: string): string {
  return providerMessageId.replace(/#[0-9a-f]{16}$/, "");
}
