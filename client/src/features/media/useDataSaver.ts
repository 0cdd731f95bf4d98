import { useMe } from '../../app/session.js'

/** Whether this screen saves data: the signed-in person's class (or a class she teaches) has its data saver on. */
export function useDataSaver(): boolean {
  const me = useMe().data
  // Read defensively: a /me cached before the setting existed has no such field.
  return Boolean(me && 'dataSaver' in me && me.dataSaver === true)
}
