/** One line of `nmrbot doctor`: what was checked, how it went and, unless OK, what to do. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: 'OK' | 'WARN' | 'FAIL';
  readonly message: string;
  readonly fix?: string;
}
