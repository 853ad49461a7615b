export const underTest = true;
