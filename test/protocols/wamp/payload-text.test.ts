import { describe, expect, it } from 'vitest';
import { payloadText } from '../../../protocols/wamp/serializers/json-payload-text.js';

describe('payloadText', () => {
  it('finds the payload after the fixed fields of a CALL and a YIELD', () => {
    expect(payloadText('[48,1,{},"com.echo",[1,2],{"a":3}]', 4)).toBe('[1,2],{"a":3}');
    expect(payloadText('[70,9,{},["x"]]', 3)).toBe('["x"]');
  });

  it('skips options with nested values, strings holding brackets, commas, quotes and escapes', () => {
    const text = '[48, 7 , {"timeout":10,"_x":{"y":["]",",","\\"}"]}} , "a.b" ,["]\\\\",{"k":"["}]]';
    expect(payloadText(text, 4)).toBe('["]\\\\",{"k":"["}]');
    expect(JSON.parse(`[${payloadText(text, 4)}]`)).toEqual(JSON.parse(text).slice(4));
  });

  it('is undefined without a payload or for text that is not a list', () => {
    expect(payloadText('[70,9,{}]', 3)).toBeUndefined();
    expect(payloadText('{"a":1}', 1)).toBeUndefined();
    expect(payloadText('[70,9', 3)).toBeUndefined();
  });
});
