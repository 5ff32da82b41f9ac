import { describe, expect, it } from 'vitest';
import { jsonListTail } from '../../src/payload/index.js';

describe('jsonListTail', () => {
  it('finds the payload after the fixed fields of a CALL and a YIELD', () => {
    expect(jsonListTail('[48,1,{},"com.echo",[1,2],{"a":3}]', 4)).toBe('[1,2],{"a":3}');
    expect(jsonListTail('[70,9,{},["x"]]', 3)).toBe('["x"]');
  });

  it('skips options with nested values, strings holding brackets, commas, quotes and escapes', () => {
    const text = '[48, 7 , {"timeout":10,"_x":{"y":["]",",","\\"}"]}} , "a.b" ,["]\\\\",{"k":"["}]]';
    expect(jsonListTail(text, 4)).toBe('["]\\\\",{"k":"["}]');
    expect(JSON.parse(`[${jsonListTail(text, 4)}]`)).toEqual(JSON.parse(text).slice(4));
  });

  it('is undefined without a payload or for text that is not a list', () => {
    expect(jsonListTail('[70,9,{}]', 3)).toBeUndefined();
    expect(jsonListTail('{"a":1}', 1)).toBeUndefined();
    expect(jsonListTail('[70,9', 3)).toBeUndefined();
  });
});
