/**
 * One absolute path command in user units, with S/T already expanded to C/Q: the form both
 * parsed `d` attributes and the basic shapes are reduced to before flattening.
 */
export type PathSegment =
  | readonly ['M' | 'L', number, number]
  | readonly ['H', number]
  | readonly ['V', number]
  | readonly ['C', number, number, number, number, number, number]
  | readonly ['Q', number, number, number, number]
  | readonly ['A', number, number, number, number, number, number, number]
  | readonly ['Z'];
