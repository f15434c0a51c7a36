// The Security panel's browser code. Imports src/protocol only.
export {};
