/** The first source whose compiled file is missing or older; undefined when dist/ is current. */
export function staleSource(root: string): string | undefined;
