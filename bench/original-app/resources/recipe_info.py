# Not in the blog post (only app.py imports it): reconstructed from the original's documented
# behaviour in the style of resources/user.py.
# GET    /recipes/<id>  any recipe, drafts too, {"result", "info"}
# PUT    /recipes/<id>  Bearer JWT, owner only
# DELETE /recipes/<id>  no authentication at all
from flask import request
from flask_jwt_extended import get_jwt_identity, jwt_required
from flask_restful import Resource
from mysql_connection import get_connection
import mysql.connector

class RecipeResource(Resource) :
    # 클라이언트로부터 /recipes/3 이런식으로 경로를 처리하므로
    # 숫자는 바뀌므로, 변수로 처리해준다.
    def get(self, recipe_id) :
        try :
            connection = get_connection()

            query = '''select * from recipe
                        where id = %s;'''

            record = (recipe_id, )

            cursor = connection.cursor(dictionary = True)

            cursor.execute(query, record)

            result_list = cursor.fetchall()

            i = 0
            for record in result_list :
                result_list[i]['created_at'] = record['created_at'].isoformat()
                result_list[i]['updated_at'] = record['updated_at'].isoformat()
                i = i + 1

            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success",
                "info" : result_list[0]}, 200

    # 데이터를 업데이트하는 API는 put 함수를 사용한다.
    @jwt_required()
    def put(self, recipe_id) :
        data = request.get_json()

        user_id = get_jwt_identity()

        try :
            connection = get_connection()

            # 먼저 이 레시피의 작성자가 토큰의 유저인지 확인한다.
            query = '''select user_id from recipe
                        where id = %s;'''
            record = (recipe_id, )
            cursor = connection.cursor(dictionary = True)
            cursor.execute(query, record)
            result_list = cursor.fetchall()

            if len(result_list) == 0 or result_list[0]['user_id'] != user_id :
                cursor.close()
                connection.close()
                return {"error" : "다른 사람의 레시피는 수정할 수 없습니다."}, 401

            query = '''update recipe
                        set name = %s, description = %s,
                        cook_time = %s, directions = %s
                        where id = %s;'''
            record = (data['name'], data['description'], data['cook_time'],
                      data['directions'], recipe_id)

            cursor = connection.cursor()
            cursor.execute(query, record)
            connection.commit()

            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success"}, 200

    # 삭제하는 delete 함수
    def delete(self, recipe_id) :
        try :
            connection = get_connection()

            query = '''delete from recipe
                        where id = %s;'''
            record = (recipe_id, )

            cursor = connection.cursor()
            cursor.execute(query, record)
            connection.commit()

            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success"}, 200
