import type { ActionContext, ActionFn } from './run-action';

/**
 * A main step that reads and checks every input before it loads the code that acts on them (`load` is a dynamic
 * import()): a bad input fails within milliseconds of the step starting, before the SDKs and drivers an action
 * needs are even parsed, and nothing is contacted. The bundler puts what `load` imports in chunks of their own.
 */
export function inputsFirst<Inputs>(
  read: () => Inputs | Promise<Inputs>,
  load: () => Promise<(inputs: Inputs, context: ActionContext) => Promise<void>>,
): ActionFn {
  return async (context) => {
    const inputs = await read();
    const act = await load();
    await act(inputs, context);
  };
}
