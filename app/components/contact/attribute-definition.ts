/** A custom attribute as the customer and company pages show it (the definitions' API shape, trimmed). */
export interface AttributeDefinition {
  key: string;
  label: string;
  labelJa: string | null;
  type: string;
  options: string[];
}
export type AttributeValue = string | number | boolean | string[];
