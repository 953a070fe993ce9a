import { EMPLOYMENT_TYPES } from "~/staff/constants";
import { SelectField, TextField } from "./form";

export interface StaffFormValues {
  staffNumber: string;
  name: string;
  nameKana: string;
  email: string | null;
  departmentId: string | null;
  jobRankId: string | null;
  employmentType: string;
  active: boolean;
}

/** The fields of a staff member, shared by the "new" and "edit" pages. */
export function StaffFields({
  values,
  errors,
  departments,
  ranks,
}: {
  values: Partial<StaffFormValues>;
  errors: Record<string, string | undefined>;
  departments: { id: string; name: string }[];
  ranks: { id: string; name: string }[];
}) {
  return (
    <>
      <TextField
        id="staffNumber"
        label="職員番号"
        required
        defaultValue={values.staffNumber ?? ""}
        error={errors.staffNumber}
        inputMode="text"
        autoComplete="off"
      />
      <TextField id="name" label="氏名" required defaultValue={values.name ?? ""} error={errors.name} autoComplete="off" />
      <TextField
        id="nameKana"
        label="ふりがな"
        required
        defaultValue={values.nameKana ?? ""}
        error={errors.nameKana}
        hint="ひらがなで入力します。"
        autoComplete="off"
      />
      <TextField id="email" label="メールアドレス（任意）" type="email" defaultValue={values.email ?? ""} error={errors.email} autoComplete="off" />
      <SelectField id="departmentId" label="所属（課）" required defaultValue={values.departmentId ?? ""} error={errors.departmentId}>
        <option value="">選んでください</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <SelectField id="jobRankId" label="職位" defaultValue={values.jobRankId ?? ""} error={errors.jobRankId}>
        <option value="">（なし）</option>
        {ranks.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </SelectField>
      <SelectField id="employmentType" label="雇用形態" required defaultValue={values.employmentType ?? "regular"} error={errors.employmentType}>
        {Object.entries(EMPLOYMENT_TYPES).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </SelectField>
      <div className="checkbox">
        <input type="checkbox" id="active" name="active" defaultChecked={values.active ?? true} />
        <label htmlFor="active">在職中（チェックを外すとログインできなくなります）</label>
      </div>
    </>
  );
}
