import { describe, expect, it } from 'vitest';
import { extractCode } from '../../../src/core/coderun/extract.ts';

const py = (code: string) => ({ language: 'python', code });

describe('given a chat message', () => {
  it('given a ```python block, it returns the block without the fence', () => {
    expect(extractCode('try this:\n```python\nprint("hi")\n```\nthanks')).toEqual(py('print("hi")'));
  });

  it('given ```py and a bare ``` block, both count as Python', () => {
    expect(extractCode('```py\nx = 1\n```')).toEqual(py('x = 1'));
    expect(extractCode('```\nx = 2\n```')).toEqual(py('x = 2'));
    expect(extractCode('```Python3\nx = 3\n```')).toEqual(py('x = 3'));
  });

  it('given several fenced blocks, they are joined in order with newlines', () => {
    const message = 'first\n```python\ndef f():\n    return 1\n```\nthen\n```py\nprint(f())\n```';
    expect(extractCode(message)).toEqual(py('def f():\n    return 1\nprint(f())'));
  });

  it('given fenced blocks of another language, they are ignored', () => {
    expect(extractCode('```js\nconsole.log(1)\n```\n```python\nprint(1)\n```')).toEqual(py('print(1)'));
    expect(extractCode('```sql\nselect 1\n```')).toBeNull();
  });

  it('given a fence, inline code elsewhere in the message is not added', () => {
    expect(extractCode('use `sorted` here:\n```python\nprint(sorted([2, 1]))\n```')).toEqual(py('print(sorted([2, 1]))'));
  });

  it('given only inline code, the spans are the program', () => {
    expect(extractCode('what does `print(2 ** 8)` print?')).toEqual(py('print(2 ** 8)'));
    expect(extractCode('`x = 4` then `print(x)`')).toEqual(py('x = 4\nprint(x)'));
  });

  it('given a one-line fence, all of it is code', () => {
    expect(extractCode('```print("one line")```')).toEqual(py('print("one line")'));
  });

  it('given Windows line endings and trailing blank lines, they are normalised', () => {
    expect(extractCode('```python\r\nprint(1)\r\n\r\n```')).toEqual(py('print(1)'));
  });

  it('given indentation, it is kept', () => {
    expect(extractCode('```python\nfor i in range(2):\n    print(i)\n```')).toEqual(py('for i in range(2):\n    print(i)'));
  });

  it('given no code, an empty block or an unclosed fence, it returns null', () => {
    expect(extractCode('just chatting')).toBeNull();
    expect(extractCode('```python\n\n```')).toBeNull();
    expect(extractCode('```python\nprint(1)')).toBeNull();
    expect(extractCode('')).toBeNull();
  });
});
