// A file for an agent to read and edit during the demo.
console.log('hello from the Agent Guard demo workspace');
